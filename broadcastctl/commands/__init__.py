"""One module per command, each with `run(...) -> int`, the process exit code: the commands that
reach the vendor take one typed options object (`options`), the others keyword options."""
