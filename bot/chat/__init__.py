"""The surface-neutral chat service behind the Slack and Teams adapters."""
