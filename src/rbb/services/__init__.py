"""Use cases shared by the CLI and the web app: import and store, export, load.

The interfaces stay thin: they parse options, call these, and render results.
"""
