"""View data of the pages and the API: pydantic models the templates render and the
API returns as JSON, built from one ``Snapshot`` of the store."""
