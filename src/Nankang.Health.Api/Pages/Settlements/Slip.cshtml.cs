using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Api.Slips;
using Nankang.Health.Application.Settlements;

namespace Nankang.Health.Api.Pages.Settlements;

/// <summary>
/// The settlement slip for the signed-in person: the same page as <c>GET /api/v1/settlements/{id}/slip</c> (GetSlip,
/// SlipRenderer), here under the console's cookie; <c>?handler=pdf</c> prints it. Another hospital's slip is not found.
/// </summary>
public sealed class SlipModel(IMediator mediator, SlipPrinter printer) : ConsolePage(mediator)
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await Render(id, pdf: false, ct);

    public async Task<IActionResult> OnGetPdfAsync(string id, CancellationToken ct) => await Render(id, pdf: true, ct);

    private async Task<IActionResult> Render(string id, bool pdf, CancellationToken ct)
    {
        var slip = Take(await Mediator.Send(new GetSlip(Caller, id), ct));
        if (slip is null)
        {
            return Refusal() ?? NotFound();
        }

        // As the API's slip: it holds the patient's name, so no caching, and only its own inline print styles apply.
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        var html = SlipRenderer.Render(slip);
        if (!pdf)
        {
            return Content(html, "text/html; charset=utf-8");
        }

        try
        {
            return File(await printer.PrintAsync(html, ct), "application/pdf", $"slip-{id}.pdf");
        }
        catch (ChromiumMissingException e)
        {
            Problem = new Application.Common.Problem(503, "无法打印 PDF。", e.Message);
            return StatusCode(503, e.Message);
        }
    }
}
