"""`python -m sorewhy` runs the command line."""

from sorewhy.cli.main import main

if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess test
    main()
