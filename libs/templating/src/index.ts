// Prometheus label/annotation templates: Go text/template with Prometheus's functions.
