using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Members.Import;

namespace Nankang.Health.Api.Pages.Registry;

/// <summary>
/// The registry import (导入人员名册): a CSV or XLSX file uploaded as a form, imported in the background by
/// <see cref="ConsoleImports"/> (the same ImportMembers as <c>POST /members/import</c>: all or nothing), then the page of
/// that import, which reloads itself every second (a <c>Refresh</c> header, no script) until it has its outcome.
/// </summary>
[Authorize(Policy = ConsoleSetup.Bureau)]
[RequestSizeLimit(AbuseLimits.MaxImportBodyBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = AbuseLimits.MaxImportBodyBytes)]
public sealed class ImportModel(IMediator mediator, ConsoleImports imports) : ConsolePage(mediator)
{
    [BindProperty(Name = "file")]
    public IFormFile? Upload { get; set; }

    public ConsoleImport? Import { get; private set; }

    public IReadOnlyList<MemberImportRowError> RowErrors { get; private set; } = [];

    public int RowErrorCount { get; private set; }

    public IActionResult OnGet(string? id)
    {
        if (id is null)
        {
            return Page();
        }

        Import = imports.Find(id, Caller);
        if (Import is null)
        {
            return NotFound();
        }

        if (Import.Outcome is not { } outcome)
        {
            Response.Headers["Refresh"] = "1";
            return Page();
        }

        Problem = outcome.Problem;
        if (Problem?.Extensions is { } extensions)
        {
            RowErrors = extensions.TryGetValue("rowErrors", out var rows) && rows is IReadOnlyList<MemberImportRowError> list ? list : [];
            RowErrorCount = extensions.TryGetValue("rowErrorCount", out var count) && count is int n ? n : RowErrors.Count;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        MemberFileFormat? format = Path.GetExtension(Upload?.FileName ?? string.Empty).ToUpperInvariant() switch
        {
            ".CSV" => MemberFileFormat.Csv,
            ".XLSX" => MemberFileFormat.Xlsx,
            _ => null,
        };
        if (Upload is null || Upload.Length == 0 || format is null)
        {
            Problem = Application.Common.Problem.Validation("file", "请选择 .csv 或 .xlsx 格式的人员名册文件。");
            Response.StatusCode = 400;
            return Page();
        }

        var import = await imports.StartAsync(Caller, format.Value, Upload, ct);
        return Redirect($"/registry/import/{import.Id}");
    }
}
