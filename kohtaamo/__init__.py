"""The command line, `kohtaamo`: an entry point on the top floor, beside the pages and server."""
