using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Allowances;

namespace Nankang.Health.Api.Pages.Allowances;

/// <summary>
/// Allowances (补助): start the year's caregiver allowance run and read its result (RunCaregiverAllowance, GetCaregiverRun),
/// list a year's children's rehabilitation claims and read one by its id.
/// </summary>
[Authorize(Policy = ConsoleSetup.Bureau)]
public sealed class IndexModel(IMediator mediator, TimeProvider clock) : ConsolePage(mediator)
{
    [BindProperty(SupportsGet = true)]
    public string? Run { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Claim { get; set; }

    [BindProperty]
    public int? Year { get; set; }

    /// <summary>The year whose rehabilitation claims are listed (service months; the current year by default).</summary>
    [BindProperty(SupportsGet = true)]
    public int? ClaimsYear { get; set; }

    public RehabClaimList? Claims { get; private set; }

    public CaregiverRunView? RunView { get; private set; }

    public RehabClaimView? ClaimView { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year ??= clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        if (!string.IsNullOrWhiteSpace(Run))
        {
            RunView = Take(await Mediator.Send(new GetCaregiverRun(Run.Trim()), ct));
        }

        if (!string.IsNullOrWhiteSpace(Claim))
        {
            ClaimView = Take(await Mediator.Send(new GetChildRehabilitationClaim(Claim.Trim()), ct));
        }

        ClaimsYear ??= Year;
        var problem = Problem;
        Claims = Take(await Mediator.Send(new ListChildRehabilitationClaims(ClaimsYear.Value), ct));
        Problem ??= problem;
    }

    /// <summary>A year's rehabilitation claims as XLSX or CSV: the same file as the API's <c>format=</c>.</summary>
    public async Task<IActionResult> OnGetExportClaimsAsync(string? file, CancellationToken ct)
    {
        ClaimsYear ??= clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        var list = Take(await Mediator.Send(new ListChildRehabilitationClaims(ClaimsYear.Value), ct));
        return list is null ? BadRequest() : Download(ExportTables.RehabClaims(list), file, $"child-rehabilitation-claims-{list.Year}");
    }

    /// <summary>A run as XLSX or CSV: the same file as the API's <c>format=</c>.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? file, CancellationToken ct)
    {
        RunView = Take(await Mediator.Send(new GetCaregiverRun((Run ?? string.Empty).Trim()), ct));
        return RunView is null ? NotFound() : Download(ExportTables.CaregiverRun(RunView), file, $"caregiver-run-{RunView.RunId}");
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        RunView = Take(await Mediator.Send(new RunCaregiverAllowance(Caller, new CaregiverRunBody(Year)), ct));
        if (RunView is null)
        {
            Response.StatusCode = Problem!.Status;
            return Page();
        }

        return Redirect($"/allowances?run={Uri.EscapeDataString(RunView.RunId)}");
    }
}
