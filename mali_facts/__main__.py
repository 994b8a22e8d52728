"""`python -m mali_facts`: the same as the `mali-facts` command."""

from mali_facts.cli import main

if __name__ == "__main__":
    main()
