"""Reference data and helpers shared by the stages: places, the registry of known
organisations, name keys, date parsing."""
