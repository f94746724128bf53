// Schemas and derived types shared by both services: queue payloads, Alertmanager v2 API shapes.
