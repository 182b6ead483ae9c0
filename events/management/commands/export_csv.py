import csv
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.backup import backup_workbook, total_rows
from events.progress import is_terminal, progress_bar
from events.resources import RESOURCES, export_rows
from events.spreadsheets import write_workbook


class Command(BaseCommand):
    help = (
        "Export one table as CSV (UTF-8 with a byte order mark, so Excel reads it), XLSX or JSON, "
        "with the columns the import reads. Rows are streamed, so large tables do not fill memory."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "model", choices=[*RESOURCES, "all"], help="The table to export; `all`: every table, a sheet each (XLSX)."
        )
        parser.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--no-bom", action="store_true", help="Write CSV without the UTF-8 byte order mark.")

    def handle(self, *args, model, format, output, no_bom, **options):
        if model == "all":
            if format != "xlsx" or not output:
                raise CommandError(
                    "`all` writes one XLSX workbook, a sheet per table: give --format xlsx --output FILE "
                    "(for a CSV file per table, use backup_csv)."
                )
            with progress_bar(self.stderr, f"Exporting {Path(output).name}", total=total_rows()) as bar:
                backup_workbook(Path(output), progress=bar.advance)
            self.stderr.write(f"{len(RESOURCES)} tables written to {output}, a sheet each.")
            return
        total = RESOURCES[model]._meta.model._default_manager.count()
        # The bar is drawn on standard error, but not over rows being written to the same terminal.
        shown_on = self.stderr if output or not is_terminal(self.stdout) else None
        with progress_bar(shown_on, f"Exporting {model}", total=total) as bar:
            self._export(self._counted(export_rows(model), output, bar), model, format, output, no_bom)

    def _export(self, rows, model, format, output, no_bom):
        bom = not no_bom
        try:
            if output and format == "xlsx":
                with Path(output).open("wb") as stream:
                    self._write_xlsx(rows, stream, model)
            elif output:
                with Path(output).open("w", encoding="utf-8", newline="") as stream:
                    self._write_text(format, rows, stream, bom=bom)
            elif format == "xlsx":
                stream = getattr(self.stdout._out, "buffer", None)
                if stream is None or stream.isatty():
                    raise CommandError("XLSX is binary: give --output FILE or redirect standard output to a file.")
                self._write_xlsx(rows, stream, model)
            else:
                self._write_text(format, rows, self.stdout._out, bom=bom)
        except BrokenPipeError:  # e.g. piped into head
            sys.stderr.close()

    def _counted(self, rows, output, bar):
        """Pass rows through, moving the progress bar (on a terminal) and saying at the end what was written."""
        count = -1  # the header is not a record
        for row in rows:
            yield row
            count += 1
            if count:
                bar.advance()
        if output:
            self.stderr.write(f"{count} rows written to {output}.")

    def _write_text(self, file_format, rows, stream, *, bom):
        if file_format == "csv":
            if bom:
                stream.write("\ufeff")
            writer = csv.writer(stream, lineterminator="\r\n")
            for row in rows:
                writer.writerow(row)
        else:
            headers = next(rows)
            stream.write("[")
            for number, row in enumerate(rows):
                stream.write(",\n" if number else "\n")
                stream.write(json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False))
            stream.write("\n]\n")
        stream.flush()

    def _write_xlsx(self, rows, stream, title="rows"):
        write_workbook(stream, [(title, rows)])
