"""The Slack surface: parse Bolt requests, call the chat service, render Block Kit (see `app.slack_mount`)."""
