"""A third party's plugin for rbb, installed for the tests by putting this folder on
``sys.path`` (its ``.dist-info`` declares the entry points, as ``pip install`` would)."""
