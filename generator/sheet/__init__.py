"""The worksheet and answer key: one plan of blocks, shown to pupils or teachers, written with reportlab."""
