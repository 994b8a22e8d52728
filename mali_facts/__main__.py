"""`python -m mali_facts`: the same as the `mali-facts` command."""

from mali_facts.launch import main

if __name__ == "__main__":
    main()
