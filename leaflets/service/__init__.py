"""The staff web service, ``make_leaflets.py serve``: the library in a browser, and any copy made on request.

Receives HTTP requests for the catalogue, the register and the output
folder's files by their paths; returns those files, copies the build makes
on request (by the same engine, into the output folder), and pages in words
for what cannot be had. It sits on top of the build, beside the command
line: it calls the build engine (``build.offered``, ``build.build``) and the
naming rule (``publish.files``), and holds no rules of its own about what may
be made. ``engine`` keeps the content, the worker pool and the copies being
made; ``answers`` turns the build's and governance's judgements into answers;
``pages`` the service's own words; ``app`` the web application; ``command``
the ``serve`` subcommand.
"""
