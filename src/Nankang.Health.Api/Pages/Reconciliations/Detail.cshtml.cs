using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Exports;
using Nankang.Health.Application.Reconciliations;

namespace Nankang.Health.Api.Pages.Reconciliations;

/// <summary>The findings of one reconciliation; another hospital's is not found.</summary>
public sealed class DetailModel(IMediator mediator) : ConsolePage(mediator)
{
    public ReconciliationView? Reconciliation { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Reconciliation = Take(await Mediator.Send(new GetReconciliation(Caller, id), ct));
        return Refusal() ?? (Reconciliation is null ? NotFound() : Page());
    }

    /// <summary>The findings as XLSX or CSV: the same file as the API's <c>format=</c>.</summary>
    public async Task<IActionResult> OnGetExportAsync(string id, string? file, CancellationToken ct)
    {
        Reconciliation = Take(await Mediator.Send(new GetReconciliation(Caller, id), ct));
        return Refusal() ?? (Reconciliation is null ? NotFound() : Download(ExportTables.ReconciliationFindings(Reconciliation), file, $"reconciliation-{id}"));
    }
}
