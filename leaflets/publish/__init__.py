"""Stage 5, publish: put verified files in place and keep the records of what is there.

Receives the files each format made (as bytes) with the library they came
from; writes them atomically under ``output/`` and returns a
:class:`~leaflets.publish.files.Written` record of each. It moves superseded
files to the archive (``files``), and rewrites the register (``register``:
manifest.json, register.csv, register.html), the patient packs (``packs``)
and the catalogue staff open (``catalogue``). Every format is handled alike,
by its name and its files' names.
"""
