using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.AntiPoverty;

namespace Nankang.Health.Api.Pages.AntiPoverty;

/// <summary>
/// 防贫保 for the poverty office: the year's warning list sorted by self-pay (GetAntiPovertyWarnings), a decision per
/// member-year (ReviewAntiPoverty), the run that books the payouts (RunAntiPovertyInsurance), and the list as XLSX or CSV.
/// </summary>
[Authorize(Policy = ConsoleSetup.Bureau)]
public sealed class IndexModel(IMediator mediator, TimeProvider clock) : ConsolePage(mediator)
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    /// <summary><c>-selfPay</c> (largest first, the default) or <c>selfPay</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty]
    public string? MemberId { get; set; }

    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public AntiPovertyWarningsView? List { get; private set; }

    public AntiPovertyRunView? RunView { get; private set; }

    public AntiPovertyReviewView? Reviewed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The list as XLSX or CSV: the same file as the API's <c>format=</c>.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? file, CancellationToken ct)
    {
        Year ??= ThisYear();
        var list = Take(await Mediator.Send(new GetAntiPovertyWarnings(Year, Sort), ct));
        return list is null ? BadRequest() : Download(ExportTables.AntiPovertyWarnings(list), file, $"anti-poverty-warnings-{list.Year}");
    }

    public async Task<IActionResult> OnPostReviewAsync(CancellationToken ct)
    {
        Year ??= ThisYear();
        Reviewed = Take(await Mediator.Send(new ReviewAntiPoverty(Caller, (MemberId ?? string.Empty).Trim(), Year.Value, new AntiPovertyReviewBody(Decision, Reason)), ct));
        return await PageAfterActionAsync(() => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        Year ??= ThisYear();
        RunView = Take(await Mediator.Send(new RunAntiPovertyInsurance(Caller, new AntiPovertyRunBody(Year)), ct));
        return await PageAfterActionAsync(() => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Year ??= ThisYear();
        List = Take(await Mediator.Send(new GetAntiPovertyWarnings(Year, Sort), ct));
    }

    private int ThisYear() => clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
}
