namespace Nankang.Health.Application.Common;

/// <summary>
/// A failure a use case reports to its caller, rendered by the API as RFC 9457 problem details.
/// <see cref="Errors"/> is keyed by the JSON path of the field (<c>fees[2].amount</c>).
/// </summary>
public sealed record Problem(int Status, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static Problem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "The request is not valid.", "See errors: each key is the JSON path of a field.", errors);

    public static Problem Validation(string path, string message) => Validation(new Dictionary<string, string[]> { [path] = [message] });

    public static Problem NotFound(string what) => new(404, "Not found.", what);

    public static Problem Forbidden(string detail) => new(403, "Forbidden.", detail);

    public static Problem Conflict(string detail, IReadOnlyDictionary<string, object?>? extensions = null) => new(409, "Conflict.", detail, null, extensions);

    public static Problem Unprocessable(string detail) => new(422, "The request cannot be processed.", detail);
}

/// <summary>The outcome of a use case: a value with its HTTP status, or a problem.</summary>
public readonly record struct Result<T>(T? Value, Problem? Problem, int Status = 200)
{
    public bool IsSuccess => Problem is null;

    public static implicit operator Result<T>(Problem problem) => new(default, problem, problem.Status);

    public static Result<T> Ok(T value, int status = 200) => new(value, null, status);
}

/// <summary>Collects validation errors by JSON path.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Every error as its path and message, in the order added per path.</summary>
    public IEnumerable<(string Path, string Message)> Entries => _errors.SelectMany(e => e.Value.Select(m => (e.Key, m)));

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            _errors[path] = list = [];
        }

        list.Add(message);
    }

    public void Required(string path, object? value)
    {
        if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
        {
            Add(path, "is required.");
        }
    }

    public void MaxLength(string path, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(path, $"must be at most {max} characters.");
        }
    }

    /// <summary>An id a caller chose (<see cref="Ids"/>); a missing one is <see cref="Required"/>'s to report.</summary>
    public void Id(string path, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !Ids.IsValid(value))
        {
            Add(path, Ids.Rule);
        }
    }

    /// <summary>The three ids that name a visit, each required and valid: <c>hospitalId</c>, <c>visitNo</c>, <c>memberId</c>.</summary>
    public void VisitIds(string? hospitalId, string? visitNo, string? memberId)
    {
        Required("hospitalId", hospitalId);
        Id("hospitalId", hospitalId);
        Required("visitNo", visitNo);
        Id("visitNo", visitNo);
        Required("memberId", memberId);
        Id("memberId", memberId);
    }

    /// <summary>The highest page number: far beyond any listing, and <c>(page − 1) × pageSize</c> stays within an int.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>
    /// Checks a page request (pages from 1 to <see cref="MaxPage"/>, at most <paramref name="maxPageSize"/> a page);
    /// defaults 1 and 50.
    /// </summary>
    public (int Page, int PageSize) Paging(int? page, int? pageSize, int maxPageSize)
    {
        var (p, size) = (page ?? 1, pageSize ?? 50);
        if (p is < 1 or > MaxPage)
        {
            Add("page", $"must be from 1 to {MaxPage}.");
        }

        if (size < 1 || size > maxPageSize)
        {
            Add("pageSize", $"must be from 1 to {maxPageSize}.");
        }

        return (p, size);
    }

    /// <summary>Checks that a <c>from</c>/<c>to</c> range is not reversed.</summary>
    public void Range<T>(T? from, T? to)
        where T : struct, IComparable<T>
    {
        if (from is { } f && to is { } t && t.CompareTo(f) < 0)
        {
            Add("to", "must not be before from.");
        }
    }

    public Problem ToProblem() => Problem.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
