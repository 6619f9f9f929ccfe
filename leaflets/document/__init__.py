"""Stage 2, document: one leaflet resolved into a document that knows no format.

Receives a validated leaflet and the library it came from; returns a
:class:`~leaflets.document.model.Document`: every block concrete (includes
expanded, back matter added), every figure file found, and what each format
must agree on computed once: the words a reader must get back, the wording
reviewers diff, and the fingerprint the version lock compares.
"""
