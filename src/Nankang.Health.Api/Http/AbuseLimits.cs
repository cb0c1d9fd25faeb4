using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Nankang.Health.Application.Common;

namespace Nankang.Health.Api.Http;

/// <summary>
/// <c>RateLimiting</c> configuration: a token bucket per API key id (callers without a valid key share one bucket per
/// remote address). The defaults are generous so that load tests are not throttled; <c>PermitsPerSecond = 0</c> turns
/// the limiter off.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Tokens added to a key's bucket every second.</summary>
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>The bucket's size: how many requests a key may send at once after a quiet spell.</summary>
    public int Burst { get; set; } = 2000;
}

/// <summary>Per-key rate limits (429 with <c>Retry-After</c> and a problem body) and the request body size limit (413).</summary>
public static class AbuseLimits
{
    /// <summary>The largest request body accepted: a claim of 10,000 fee lines fits with room to spare.</summary>
    public const long MaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>The largest registry file accepted by the import: a county's 790,000 rows in CSV are about 80 MB.</summary>
    public const long MaxImportBodyBytes = 256 * 1024 * 1024;

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (limits.PermitsPerSecond < 0 || (limits.PermitsPerSecond > 0 && limits.Burst < 1))
        {
            throw new InvalidOperationException("RateLimiting:PermitsPerSecond must be 0 (off) or more, and RateLimiting:Burst at least 1.");
        }

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            if (limits.PermitsPerSecond > 0)
            {
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetTokenBucketLimiter(
                    PartitionKey(http),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.Burst,
                        TokensPerPeriod = limits.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            }

            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>The key id of an authenticated caller; otherwise the remote address (so unknown keys cannot starve real ones).</summary>
    public static string PartitionKey(HttpContext http) =>
        http.Items[typeof(Caller)] is Caller caller ? caller.KeyId : "anonymous:" + http.Connection.RemoteIpAddress;

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This API key has exceeded its rate limit; retry after {seconds} s. Nothing was done.",
            },
        });
    }

    /// <summary>
    /// Refuses bodies over <see cref="MaxRequestBodyBytes"/> (or the endpoint's own <see cref="IRequestSizeLimitMetadata"/>,
    /// which only the registry import has): by <c>Content-Length</c> at once (413), and for chunked bodies through the
    /// server's own limit (Kestrel) or, where the server has none (the test host), a counting stream.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = $"Bodies are limited to {limit / (1024 * 1024)} MB. Nothing was done.",
                },
            });
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        else
        {
            http.Request.Body = new LimitedReadStream(http.Request.Body, limit);
        }

        await next(http);
    });

    /// <summary>Fails a read past the limit as the servers do: a 413 <see cref="BadHttpRequestException"/>.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
