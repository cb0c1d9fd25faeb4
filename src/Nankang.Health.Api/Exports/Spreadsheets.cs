using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Exports;

/// <summary>
/// A route that answers its JSON also as a spreadsheet: <c>format=csv</c> (UTF-8 with BOM) or <c>format=xlsx</c>, built
/// from the same answer by <see cref="ExportTables"/>. Any other format is refused by <see cref="FormatCheck"/> first.
/// </summary>
public static class Spreadsheets
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    /// <summary>Declares the formats to the format check and to the OpenAPI document (the parameter's values, the media types).</summary>
    public static RouteHandlerBuilder WithSpreadsheets<T>(this RouteHandlerBuilder builder) =>
        builder.WithExportFormats(Csv, Xlsx).Values("format", FormatCheck.Json, Csv, Xlsx)
            .Produces<T>(StatusCodes.Status200OK, "application/json", "text/csv", ExportSheet.XlsxMediaType);

    /// <summary>The answer as JSON, or as the file <paramref name="format"/> asks for, named <paramref name="fileName"/> plus the extension.</summary>
    public static Results<Ok<T>, FileContentHttpResult, ValidationProblem, ProblemHttpResult> ToHttp<T>(
        this Result<T> result, string? format, Func<T, ExportSheet> sheet, string fileName)
    {
        if (result.Problem is { } problem)
        {
            return problem.Errors is { } errors ? TypedResults.ValidationProblem(errors, problem.Detail, title: problem.Title) : HttpResults.Problem(problem);
        }

        return FormatCheck.Normalize(format) switch
        {
            Csv => TypedResults.File(sheet(result.Value!).ToCsv(), ExportSheet.CsvMediaType, $"{fileName}.csv"),
            Xlsx => TypedResults.File(sheet(result.Value!).ToXlsx(), ExportSheet.XlsxMediaType, $"{fileName}.xlsx"),
            _ => TypedResults.Ok(result.Value),
        };
    }
}
