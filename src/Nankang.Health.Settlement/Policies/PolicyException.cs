namespace Nankang.Health.Settlement.Policies;

/// <summary>A policy file that cannot be used: each problem names the field by its JSON path.</summary>
public sealed class PolicyException : Exception
{
    public PolicyException(string source, IReadOnlyList<string> problems)
        : base($"Policy {source} is invalid: {string.Join("; ", problems)}") => Problems = problems;

    public PolicyException()
        : this("(unnamed)", [])
    {
    }

    public PolicyException(string message)
        : base(message) => Problems = [message];

    public PolicyException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public IReadOnlyList<string> Problems { get; }
}
