"""The coordinator's desk (``intake serve``): a small web application over the campaign's store.

::

    server.py        uvicorn on a bound socket; loopback unless TLS or a proxy makes it safe
    app.py           the routes, the security headers, the session cookie, the templates
    auth.py          the Argon2-hashed password, the printed sign-in link, sessions, limits
    web.py           per request: session and CSRF checks, pages, flashes, errors
    login.py         sign in (password or link) and sign out
    review_pages.py  the review queue and its actions
    list_pages.py    the list: search, filters, edit, withdraw, downloads, the letter preview
    today_pages.py   counts, deadline, health, and the digest as it would go out
    forms.py         the signer fields of a form: what changed, and what was shown
    templates/       Jinja2 pages (autoescaped)
    static/          desk.css, desk.js and htmx (vendored: no CDN)

It is an edge, like the CLI: thin over :mod:`intake.review`, the store, the
export and the digest. Pages are rendered on the server and every basic
action is a plain form, so the desk works without JavaScript; htmx only
shows an edit's changes as they are typed.
"""
