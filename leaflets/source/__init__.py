"""Stage 1, source: read and validate everything in a content folder.

Receives a content folder (and, optionally, the site to print); returns a
:class:`~leaflets.source.library.Library`: the valid leaflets, the settings
file, the site's details, the release record as data, and a located problem
for every file that is not valid. Shared blocks and figures are read through
the library, on first use, so later stages never open a content file.
"""
