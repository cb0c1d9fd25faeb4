using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Statements;

namespace Nankang.Health.Api.Pages.Statements;

/// <summary>
/// A month's statement per payee and payment line (a hospital: its own part), its XLSX/CSV download, and the bureau's close in
/// two steps: the button asks for confirmation, the confirmation closes (CloseMonth, audited under the person).
/// </summary>
public sealed class MonthModel(IMediator mediator) : ConsolePage(mediator)
{
    public StatementView? Statement { get; private set; }

    public bool Confirming { get; private set; }

    public async Task<IActionResult> OnGetAsync(string month, bool confirm, CancellationToken ct)
    {
        Statement = Take(await Mediator.Send(new GetStatement(Caller, month, Caller.IsBureau ? null : Caller.HospitalId), ct));
        Confirming = confirm && Caller.IsBureau && Statement?.Status == MonthStatements.Open;
        return Refusal() ?? (Statement is null ? NotFound() : Page());
    }

    /// <summary>The statement as XLSX or CSV: the same file as the API's <c>format=</c> (a hospital: its own part).</summary>
    public async Task<IActionResult> OnGetExportAsync(string month, string? file, CancellationToken ct)
    {
        var statement = Take(await Mediator.Send(new GetStatement(Caller, month, Caller.IsBureau ? null : Caller.HospitalId), ct));
        return Refusal() ?? (statement is null ? NotFound()
            : Download(ExportTables.Statement(statement), file, Caller.IsBureau ? $"statement-{month}" : $"statement-{month}-{Caller.HospitalId}"));
    }

    public async Task<IActionResult> OnPostCloseAsync(string month, CancellationToken ct)
    {
        if (!Caller.IsBureau)
        {
            return Forbid(ConsoleSetup.Scheme);
        }

        Statement = Take(await Mediator.Send(new CloseMonth(Caller, month), ct));
        if (Statement is null)
        {
            Statement = (await Mediator.Send(new GetStatement(Caller, month, null), ct)).Value;
            Response.StatusCode = Problem!.Status;
            return Statement is null ? NotFound() : Page();
        }

        return Redirect($"/statements/{month}");
    }
}
