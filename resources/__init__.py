"""Package data of desk_app (fonts, icons, translations, reference data); see desk_app.paths."""
