"""Stage 3, governance: which leaflets may be handed out today, and as what.

Receives validated leaflets, their resolved documents and the rules in force
(:class:`~leaflets.governance.status.Rules`: the date, the review period,
whether overdue copies may be built); returns an
:class:`~leaflets.governance.edition.Edition` for each document that may be
built: the document with its state, the words that announce a state that is
not current, and the facts stamped on every copy. The version lock
(``release``), the archive rule (``archive``) and wording diffs (``diff``)
live here too, away from the build loop and from every format.
"""
