"""Canonical entities: the registry (data/entities/*.yaml) and the article tagger.

Submodules are imported on demand so that the command line starts fast.
"""
