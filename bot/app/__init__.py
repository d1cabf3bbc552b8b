"""The composition root: the services wired over storage (`wiring`), the scheduled jobs
(`jobs`), the running bot (`run`) and the HTTP server of the webhooks (`webserver`)."""
