using System.Text;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nankang.Health.Application.Reconciliations;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Pages.Reconciliations;

/// <summary>
/// Reconciliations (对账): the list, and the upload of a hospital's detail file (CSV or an XLSX workbook, the columns of
/// the API's <c>detailCsv</c>) as a multipart form; a workbook is read into the same text (<see cref="DetailWorkbook"/>). The hospital's totals are the sums of its file, so one upload reconciles both the
/// totals and the detail; the findings are the stored answer of the same Reconcile use case as <c>POST /reconciliations</c>.
/// </summary>
public sealed class IndexModel(IMediator mediator) : ConsolePage(mediator)
{
    [BindProperty(SupportsGet = true)]
    public string? Hospital { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty]
    public IFormFile? Detail { get; set; }

    public IReadOnlyList<ReconciliationSummary> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await ListAsync(ct);
        return Refusal() ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var hospital = Caller.IsBureau ? Hospital?.Trim() : Caller.HospitalId;
        if (Detail is null || Detail.Length == 0)
        {
            Problem = Application.Common.Problem.Validation("detail", "请选择医院的明细文件（CSV 或 Excel）。");
        }
        else if (Detail.Length > HospitalDetailCsv.MaxChars)
        {
            Problem = Application.Common.Problem.Validation("detail", "文件过大。");
        }
        else
        {
            string text;
            using var upload = new MemoryStream();
            await Detail.CopyToAsync(upload, ct);
            upload.Position = 0;
            if (DetailWorkbook.IsXlsx(Detail, upload.GetBuffer().AsSpan(0, (int)Math.Min(4, upload.Length))))
            {
                try
                {
                    text = DetailWorkbook.ToCsv(upload);
                }
                catch (InvalidDataException)
                {
                    Problem = Application.Common.Problem.Validation("detail", "不是有效的 Excel 文件（.xlsx）。");
                    Response.StatusCode = Problem.Status;
                    await ListAsync(ct);
                    return Page();
                }
            }
            else
            {
                using var reader = new StreamReader(upload, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                text = await reader.ReadToEndAsync(ct);
            }

            var (lines, errors) = HospitalDetailCsv.Parse(text, "detail");
            var sum = errors.Any ? FundPayments.Zero : lines.Aggregate(FundPayments.Zero, (total, line) => total + line.Payments);
            var totals = ReconciliationTotals.Of(sum);
            var view = Take(await Mediator.Send(new Reconcile(Caller, new ReconciliationBody(hospital, Month?.Trim(), totals, text)), ct));
            if (view is not null)
            {
                return Redirect($"/reconciliations/{view.ReconciliationId}");
            }
        }

        Response.StatusCode = Problem!.Status;
        await ListAsync(ct);
        return Page();
    }

    private async Task ListAsync(CancellationToken ct)
    {
        var problem = Problem;
        var hospital = Caller.IsBureau ? (string.IsNullOrWhiteSpace(Hospital) ? null : Hospital.Trim()) : Caller.HospitalId;
        Items = Take(await Mediator.Send(new ListReconciliations(Caller, hospital, null), ct)) ?? [];
        Problem ??= problem;
    }
}
