"""What sits at the edges of the process: the HTTP `server` every surface mounts on, `ops` (metrics,
audit log, probes, request ids) and `redis_link` (the shared-state connection)."""
