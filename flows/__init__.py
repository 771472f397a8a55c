"""The command line, the audit pipeline and the Prefect flows that wire the stages."""
