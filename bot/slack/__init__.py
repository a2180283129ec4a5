"""The Slack front end: a thin Bolt adapter over the core (see `app.build_app` and `app.serve`)."""
