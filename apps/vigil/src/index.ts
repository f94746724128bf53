// The vigil executable: subcommands and Prometheus-style flags, handing off to each app.
