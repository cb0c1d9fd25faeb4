using Microsoft.AspNetCore.Http.HttpResults;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Http;

/// <summary>Maps use-case outcomes to HTTP results; every error is problem details (RFC 9457).</summary>
public static class HttpResults
{
    public static Caller Caller(this HttpContext context) =>
        context.Items[typeof(Caller)] as Caller ?? throw new InvalidOperationException("The endpoint requires an authenticated API key.");

    public static Results<Ok<T>, Created<T>, ValidationProblem, ProblemHttpResult> ToHttp<T>(this Result<T> result, string? location = null)
    {
        if (result.Problem is { } problem)
        {
            return problem.Errors is { } errors
                ? TypedResults.ValidationProblem(errors, problem.Detail, title: problem.Title)
                : Problem(problem);
        }

        return result.Status == StatusCodes.Status201Created
            ? TypedResults.Created(location, result.Value)
            : TypedResults.Ok(result.Value);
    }

    public static ProblemHttpResult Problem(Problem problem) =>
        TypedResults.Problem(problem.Detail, statusCode: problem.Status, title: problem.Title,
            extensions: problem.Extensions?.ToDictionary(e => e.Key, e => e.Value));
}
