"""The rendering matrix: random catalogs of many shapes, rendered in every layout the toolkit reads, parsed
back in-process and compared field by field with the catalog they were rendered from. See README.md."""
