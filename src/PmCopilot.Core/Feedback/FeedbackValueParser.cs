using System.Globalization;
using System.Text.RegularExpressions;

namespace PmCopilot.Core.Feedback;

/// <summary>Reads the dates and ratings that exports write in many shapes ("2024-03-05", "05.03.2024", "2024年3月5日", "4/5", "★★★★").</summary>
internal static partial class FeedbackValueParser
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "yyyy/M/d", "yyyy.MM.dd", "yyyy.M.d", "dd.MM.yyyy", "d.M.yyyy",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss",
        "dd.MM.yyyy HH:mm", "yyyyMMdd", "yyyy-MM", "MMM d, yyyy", "MMMM d, yyyy", "d MMM yyyy", "d MMMM yyyy",
    ];

    public static bool TryParseDate(string value, out DateTimeOffset date)
    {
        date = default;
        var text = value.Trim();
        if (text.Length < 6 || text.Length > 40)
        {
            return false;
        }

        var chinese = ChineseDate().Match(text);
        if (chinese.Success)
        {
            int year = int.Parse(chinese.Groups[1].Value, CultureInfo.InvariantCulture);
            int month = int.Parse(chinese.Groups[2].Value, CultureInfo.InvariantCulture);
            int day = chinese.Groups[3].Success ? int.Parse(chinese.Groups[3].Value, CultureInfo.InvariantCulture) : 1;
            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                date = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
                return true;
            }

            return false;
        }

        if (text.All(char.IsAsciiDigit))
        {
            // Unix time in seconds or milliseconds; other digit runs are ids, not dates.
            if ((text.Length == 10 || text.Length == 13) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
            {
                var seconds = text.Length == 13 ? epoch / 1000 : epoch;
                if (seconds > 946684800 && seconds < 4102444800)
                {
                    date = DateTimeOffset.FromUnixTimeSeconds(seconds);
                    return true;
                }
            }

            if (text.Length == 8 && DateTimeOffset.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
            {
                return date.Year is > 1990 and < 2100;
            }

            return false;
        }

        if (!text.Any(char.IsAsciiDigit))
        {
            return false;
        }

        if (DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out date)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out date))
        {
            return date.Year is > 1990 and < 2100;
        }

        return false;
    }

    public static bool TryParseRating(string value, out double rating)
    {
        rating = 0;
        var text = value.Trim();
        if (text.Length == 0 || text.Length > 20)
        {
            return false;
        }

        int stars = text.Count(ch => ch == '★' || ch == '⭐');
        if (stars > 0 && text.All(ch => ch == '★' || ch == '☆' || ch == '⭐' || ch == ' ' || ch == '\uFE0F'))
        {
            rating = stars;
            return true;
        }

        var match = LeadingNumber().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out rating))
        {
            return false;
        }

        var rest = text[match.Length..].Trim().ToLowerInvariant();
        if (rest.StartsWith('/'))
        {
            // "4/5" or "8/10": put it on a 5-point scale so one file can mix them.
            if (double.TryParse(rest[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) && scale > 0 && rating <= scale)
            {
                rating = rating / scale * 5;
                return true;
            }

            return false;
        }

        return rest.Length == 0 || rest is "stars" or "star" or "星" or "分" or "颗星" or "%";
    }

    [GeneratedRegex(@"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")]
    private static partial Regex ChineseDate();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)")]
    private static partial Regex LeadingNumber();
}
