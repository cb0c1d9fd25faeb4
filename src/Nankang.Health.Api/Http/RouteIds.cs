using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Http;

/// <summary>
/// Every id in a route (a route value named <c>…Id</c>) must be of the id character set (<see cref="Ids"/>): otherwise
/// 400 naming it, before the endpoint runs. So <c>PUT /members/张三</c> writes nothing and every <c>Location</c> header
/// built from a route id is valid, and no id that a URL, a log line or a CSV cell would have to escape gets in.
/// </summary>
public static class RouteIds
{
    public static IApplicationBuilder UseRouteIdCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && value is string id && !Ids.IsValid(id))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [name] = [Ids.Rule] })
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Title = "The request is not valid.",
                        Detail = "See errors: each key is the JSON path of a field.",
                    },
                });
                return;
            }
        }

        await next(http);
    });
}
