// The alertmanager service: intake, dispatch, inhibition, silences, notification pipeline and API v2.
