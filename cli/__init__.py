"""sorewhy's command line (click). See `sorewhy.cli.main`."""
