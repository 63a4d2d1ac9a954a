"""Spreadsheet import of the directive register (xlsx, xls, ods and csv, Vietnamese headers).

columns.py  the column list shared with the export and the template
reader.py   reading a file into rows, refusing broken or hostile files
sheet_child.py  python-calamine in a child process under memory and CPU limits (run by reader.py)
cells.py    cell values -> dates, texts, references
rows.py     one row's cells parsed and checked
plan.py     matching every row against the register and the file (nothing written): the preview
apply.py    writing a valid plan in bulk, with its audit history
copy_writer.py  its new rows on PostgreSQL: COPY into the four tables, no model instances
storage.py  the uploaded file kept between preview and confirmation

The entry points are directives.services.directive_import_preview / directive_import_apply.
"""
