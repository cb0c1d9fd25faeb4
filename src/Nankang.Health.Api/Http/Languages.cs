using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace Nankang.Health.Api.Http;

/// <summary>
/// The language of an answer: Chinese when the caller's most preferred <c>Accept-Language</c> is <c>zh</c> or any
/// <c>zh-*</c>, English otherwise (the default). Chosen from the header directly: the app runs with invariant
/// globalization, so no <see cref="System.Globalization.CultureInfo"/> is built from it.
/// </summary>
public static class Languages
{
    public static bool WantsChinese(this HttpRequest request)
    {
        var languages = request.GetTypedHeaders().AcceptLanguage;
        if (languages.Count == 0)
        {
            return false;
        }

        var first = languages.Where(l => l.Quality is not 0).OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value).FirstOrDefault();
        return first is not null && (first.Equals("zh", StringComparison.OrdinalIgnoreCase) || first.StartsWith("zh-", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether an answer with text in both languages (explanations) is given in Chinese; the answer says so: it varies by
    /// <c>Accept-Language</c>, and in Chinese it carries <c>Content-Language: zh</c>.
    /// </summary>
    public static bool AnswerInChinese(this HttpContext http)
    {
        http.Response.Headers.Append("Vary", "Accept-Language");
        if (!http.Request.WantsChinese())
        {
            return false;
        }

        http.Response.Headers.ContentLanguage = "zh";
        return true;
    }
}

/// <summary>
/// Problem details in Chinese for callers that ask for it: <c>title</c>, <c>detail</c> and each validation message are
/// looked up in the embedded resource <c>Http/Resources/messages.zh.json</c>, keyed by the English message with its
/// variable parts as <c>{0}</c>, <c>{1}</c> (ids, dates and numbers are carried over as they are). Field paths, codes,
/// statuses and extensions do not change; a message not in the catalogue stays English. Runs for every problem the app
/// writes, as the problem details service's customization.
/// </summary>
public static partial class ChineseMessages
{
    private static readonly Catalogue Messages = Catalogue.Load();

    public static void Localize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        http.Response.Headers.Vary = "Accept-Language";
        if (!http.Request.WantsChinese())
        {
            return;
        }

        var problem = context.ProblemDetails;
        http.Response.Headers.ContentLanguage = "zh";
        problem.Title = Translate(problem.Title);
        problem.Detail = Translate(problem.Detail);
        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var key in validation.Errors.Keys.ToList())
            {
                validation.Errors[key] = [.. validation.Errors[key].Select(m => Translate(m)!)];
            }
        }
    }

    /// <summary>The Chinese of an English message, or the message itself when the catalogue does not have it.</summary>
    public static string? Translate(string? english) => english is null ? null : Messages.Translate(english);

    [GeneratedRegex(@"\\\{(\d+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex EscapedPlaceholder();

    private sealed class Catalogue(Dictionary<string, string> exact, List<(Regex English, string Chinese)> patterns)
    {
        public string Translate(string english)
        {
            if (exact.TryGetValue(english, out var chinese))
            {
                return chinese;
            }

            foreach (var (pattern, template) in patterns)
            {
                var match = pattern.Match(english);
                if (match.Success)
                {
                    var text = template;
                    for (var i = 1; i < match.Groups.Count; i++)
                    {
                        text = text.Replace("{" + match.Groups[i].Name[1..] + "}", match.Groups[i].Value, StringComparison.Ordinal);
                    }

                    return text;
                }
            }

            return english;
        }

        public static Catalogue Load()
        {
            using var stream = typeof(ChineseMessages).Assembly.GetManifestResourceStream("Nankang.Health.Api.Http.messages.zh.json")
                ?? throw new InvalidOperationException("The resource messages.zh.json is not embedded.");
            var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!;
            var exact = new Dictionary<string, string>(StringComparer.Ordinal);
            var patterns = new List<(Regex, string)>();
            foreach (var (english, chinese) in entries)
            {
                var escaped = Regex.Escape(english);
                if (!EscapedPlaceholder().IsMatch(escaped))
                {
                    exact[english] = chinese;
                    continue;
                }

                // "No settlement {0}." → ^No\ settlement\ (?<p0>.+?)\.$ ; the longest templates are tried first.
                var regex = EscapedPlaceholder().Replace(escaped, m => $"(?<p{m.Groups[1].Value}>.+?)");
                patterns.Add((new Regex($"^{regex}$", RegexOptions.CultureInvariant | RegexOptions.Singleline), chinese));
            }

            patterns.Sort((a, b) => b.Item1.ToString().Length.CompareTo(a.Item1.ToString().Length));
            return new Catalogue(exact, patterns);
        }
    }
}
