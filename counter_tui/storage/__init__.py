"""The storage layer: the only place with SQL. It returns domain objects."""
