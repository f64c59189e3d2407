"""The writers of the package's other formats: the workbook and BODS (the build's), Croissant (the publication's)."""
