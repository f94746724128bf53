// The silence-management web UI.
