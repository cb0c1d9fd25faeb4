using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nankang.Health.Api.Exports;
using Nankang.Health.Api.Http;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Pages;

/// <summary>
/// A console page: it calls the same use cases as the API, through Mediator, as the signed-in person
/// (<see cref="Caller"/>). Until a first password is changed, every page but the change itself sends the person there.
/// </summary>
public abstract class ConsolePage(IMediator mediator) : PageModel
{
    protected IMediator Mediator => mediator;

    public Caller Caller => ConsoleSetup.CallerOf(User);

    /// <summary>A problem of the last use case, shown at the top of the page.</summary>
    public Problem? Problem { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (User.FindFirst(ConsoleSetup.MustChangePasswordClaim)?.Value == "true" && this is not Account.PasswordModel)
        {
            context.Result = RedirectToPage("/Account/Password");
            return;
        }

        await next();
    }

    /// <summary>The value of a use case, or null with <see cref="Problem"/> set.</summary>
    protected T? Take<T>(Result<T> result)
    {
        Problem = result.Problem;
        return result.Value;
    }

    /// <summary>
    /// The page after an action (a post): its data loaded again by <paramref name="load"/>, with the action's problem, and
    /// its status, if it had one (a problem of the reload shows only when the action had none).
    /// </summary>
    protected async Task<IActionResult> PageAfterActionAsync(Func<Task> load)
    {
        var problem = Problem;
        await load();
        Problem ??= problem;
        if (problem is not null)
        {
            Response.StatusCode = problem.Status;
        }

        return Page();
    }

    /// <summary>
    /// A download of the page's figures: <c>file=csv</c> (UTF-8 with BOM) or otherwise XLSX, the same file as the API's
    /// <c>format=</c> on the route behind the page (<see cref="ExportTables"/>). (Not <c>format=</c>: that is the API's
    /// parameter, which <see cref="FormatCheck"/> refuses on a page.)
    /// </summary>
    protected FileContentResult Download(ExportSheet sheet, string? file, string fileName) =>
        FormatCheck.Normalize(file) == Spreadsheets.Csv
            ? File(sheet.ToCsv(), ExportSheet.CsvMediaType, fileName + ".csv")
            : File(sheet.ToXlsx(), ExportSheet.XlsxMediaType, fileName + ".xlsx");

    /// <summary>A use case's "not found" or "forbidden" as the page's own answer, so another hospital's data is a plain 404.</summary>
    protected IActionResult? Refusal() => Problem?.Status switch
    {
        404 => NotFound(),
        403 => Forbid(ConsoleSetup.Scheme),
        _ => null,
    };
}
