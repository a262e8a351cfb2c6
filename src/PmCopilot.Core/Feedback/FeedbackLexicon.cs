using System.Globalization;

namespace PmCopilot.Core.Feedback;

/// <summary>What one rule term says: weights per category, a sentiment value, and how it changes its neighbours.</summary>
internal sealed class LexiconEntry
{
    public float Bug;
    public float Feature;
    public float Praise;
    public float Complaint;
    public float Question;
    public float Sentiment;

    /// <summary>Opens a negation scope over the next few tokens ("not", "没有", "can't").</summary>
    public bool Negator;

    /// <summary>Multiplies the next scored term (very 1.3, 有点 0.6); 0 when the entry is no intensifier.</summary>
    public float Intensity;

    /// <summary>"but", "但是": what follows is usually the point, and negation ends.</summary>
    public bool Contrast;

    /// <summary>A function verb that signals a bug only when negated ("won't load", "不显示").</summary>
    public bool BugWhenNegated;

    /// <summary>A word that says how people feel, not what about; themes weigh it down.</summary>
    public bool Generic;

    /// <summary>A marker of irony ("great, another update that breaks SSO 🙃"): the item's praise reads as complaint.</summary>
    public bool Sarcasm;

    public string Term = string.Empty;

    public int Length;
}

/// <summary>
/// The bilingual rule terms for categories and sentiment, matched longest-first over <see cref="FeedbackTokenizer"/> tokens.
/// Codes: b bug, f feature request, p praise, c complaint/UX, q question, s sentiment (−3…3), i intensity;
/// flags: neg (negator), contrast, nbug (bug when negated), gen (generic sentiment word), sarcasm (irony marker).
/// </summary>
internal sealed class FeedbackLexicon
{
    public static readonly FeedbackLexicon Instance = new();

    private readonly Node root = new();

    private FeedbackLexicon()
    {
        foreach (var raw in Table.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int arrow = line.IndexOf("=>", StringComparison.Ordinal);
            var spec = line[(arrow + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var term in line[..arrow].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Add(term, spec);
            }
        }
    }

    /// <summary>The longest entry that starts at <paramref name="start"/>, or null.</summary>
    public LexiconEntry? Match(List<FeedbackToken> tokens, int start)
    {
        var node = root;
        LexiconEntry? best = null;
        for (int i = start; i < tokens.Count; i++)
        {
            if (node.Children is null || !node.Children.TryGetValue(tokens[i].Text, out var next))
            {
                break;
            }

            node = next;
            if (node.Entry is not null)
            {
                best = node.Entry;
            }
        }

        return best;
    }

    public bool IsGeneric(string token) =>
        root.Children is not null && root.Children.TryGetValue(token, out var node) && node.Entry is { Generic: true };

    private void Add(string term, string[] spec)
    {
        var tokens = FeedbackTokenizer.Tokenize(term);
        if (tokens.Count == 0)
        {
            throw new InvalidOperationException($"Lexicon term '{term}' has no tokens.");
        }

        var node = root;
        foreach (var token in tokens)
        {
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue(token.Text, out var next))
            {
                next = new Node();
                node.Children[token.Text] = next;
            }

            node = next;
        }

        var entry = node.Entry ??= new LexiconEntry { Term = term, Length = tokens.Count };
        foreach (var code in spec)
        {
            float value = code.Length > 1 && (char.IsDigit(code[1]) || code[1] == '-')
                ? float.Parse(code.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture)
                : 0;
            switch (code)
            {
                case "neg": entry.Negator = true; break;
                case "contrast": entry.Contrast = true; break;
                case "nbug": entry.BugWhenNegated = true; break;
                case "gen": entry.Generic = true; break;
                case "sarcasm": entry.Sarcasm = true; break;
                default:
                    switch (code[0])
                    {
                        case 'b': entry.Bug = value; break;
                        case 'f': entry.Feature = value; break;
                        case 'p': entry.Praise = value; break;
                        case 'c': entry.Complaint = value; break;
                        case 'q': entry.Question = value; break;
                        case 's': entry.Sentiment = value; break;
                        case 'i': entry.Intensity = value; break;
                        default: throw new InvalidOperationException($"Unknown lexicon code '{code}' for '{term}'.");
                    }

                    break;
            }
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public LexiconEntry? Entry;
    }

    private const string Table = """
        # ---- negators, contrast, intensifiers ----
        not; no; never; don't; dont; doesn't; doesnt; didn't; didnt; isn't; isnt; wasn't; aren't; weren't; haven't; hasn't; nothing; nor; neither; without; hardly; barely => neg
        won't; wont; couldn't; wouldn't; shouldn't => neg
        不; 没; 没有; 无; 未; 别; 非; 并不; 一点也不; 从不; 从来没有 => neg
        but; however; though; yet; 但是; 但; 不过; 可是; 然而; 只是 => contrast
        very; really; so; too; such; quite => i1.3
        extremely; super; totally; absolutely; incredibly; completely; insanely; seriously; utterly => i1.6
        constantly; always; keeps; keep; repeatedly; every time; all the time => i1.3
        非常; 特别; 超级; 极其; 十分; 巨; 超; 太; 相当 => i1.5
        很; 真; 真的; 最; 挺; 蛮; 好多 => i1.25
        总是; 经常; 老是; 一直; 每次; 频繁 => i1.3
        a bit; a little; slightly; kind of; kinda; somewhat; sort of; 有点; 有些; 稍微; 略; 一点 => i0.6

        # ---- bug reports ----
        crash; crashy; crash on; force close; force closes; app crash => b1.7 s-1.5
        bug; buggy; glitch; glitchy; bugs => b1.5 s-1.2
        error; error message; error code; exception; error 404; error 500; 404 error; 500 error => b1.3 s-1
        cut off; cuts off; truncated; truncate; late; delayed; arrives late; out of sync; duplicated => b1.1 c0.3 s-0.8
        freeze; frozen; froze; hang; hangs; unresponsive; stuck; lock up; locks up => b1.4 s-1.3
        broken; broke; breaks => b1.4 s-1.3
        not working; doesn't work; does not work; didn't work; isn't working; is not working; stopped working; stop working; no longer works; no longer working; not work; doesnt work; dont work; don't work => b1.8 s-1.5
        fail; failed; fails; failure => b1.2 s-1
        black screen; white screen; blank screen; blank page; spinning wheel; infinite loading; endless loading; loading forever => b1.6 s-1.3
        can't; cannot; cant; unable to; impossible to => b0.9 c0.3 s-0.8 neg
        won't load; won't open; won't start; won't let me; wont load; wont open => b1.7 s-1.3
        logs me out; logged me out; keeps logging me out; kicked out; kicks me out; locked out => b1.8 s-1.2
        lost; lose; lost my; deleted my; disappeared; disappear; missing data; data loss => b1.1 s-1.2
        wrong; incorrect; inaccurate; mismatch => b0.8 s-0.7
        after the update; since the update; after updating; since updating; after update; latest update; new update; since the last update => b0.7 s-0.4
        reinstall; reinstalled; restart; restarted; cleared cache => b0.6
        drain; drains; draining; overheat; overheating => b0.8 c0.6 s-1
        load; open; sync; respond; show; save; send; upload; download; work; play; connect; start; launch; login; log in; sign in; update; refresh; print; export; import; receive; display; appear; submit; load up; fire; trigger; ring; notify; arrive; come; go off; deliver; record; scan; render; calculate; count; match; sound; vibrate; appear; register; recogniz; detect => nbug
        闪退; 崩溃; 崩了; 闪崩; 卡死; 死机; 报错; 出错; 错误; 异常; bug; 故障 => b1.7 s-1.5
        打不开; 加载不出; 加载失败; 加载不了; 白屏; 黑屏; 花屏; 没反应; 没有反应; 无响应; 点不动; 不工作; 登不上; 登录不了; 用不了; 连不上; 收不到; 发不出; 乱码; 转圈; 一直转圈; 掉线 => b1.7 s-1.4
        卡住; 失败; 丢失; 不见了; 消失; 丢了; 没了 => b1.2 s-1.1
        无法; 不能; 没法; 不可以 => b1.0 c0.3 s-0.8 neg
        不了; 不上; 不出 => b0.8 s-0.6
        更新后; 升级后; 更新之后; 升级之后; 新版本; 最新版 => b0.7 s-0.3
        重装; 重启; 清缓存 => b0.6
        显示; 同步; 加载; 登录; 登陆; 打开; 启动; 播放; 连接; 上传; 下载; 保存; 发送; 支付; 刷新; 响应; 工作; 更新; 注册; 付款; 提交; 响; 提醒; 通知; 推送; 弹出; 生效; 跳转; 识别; 到账; 收到 => nbug

        # Expected against actual: a change that did not take, a value that is not the one shown, a regression.
        no longer; worked last week; worked yesterday; worked before; used to work; was working; it worked; this worked => b1.3 s-0.8
        keeps saying; keeps showing; keeps asking; keeps telling; keeps giving; keeps failing; keeps closing; keeps crashing => b1.2 s-1
        declined; got declined; was declined; rejected; got rejected => b0.9 s-0.8
        can still; still shows; still charge; still charges; still charged; still showing; still there => b0.9 s-0.5
        instead of; even though; despite => b0.4 s-0.2
        twice; double charged; charged twice; duplicate; duplicates; three times => b0.8 s-0.6
        recognis; recognise; recognised => nbug
        之前可以; 以前可以; 之前是好的; 以前是好的; 之前正常; 以前正常 => b1.3 s-0.8
        不对; 不一致; 对不上; 多扣; 扣了两次; 重复扣; 重复; 两遍; 三遍; 两次; 空白; 空白页; 卡在 => b1.1 s-0.9
        according to the app; according to the watch; definitely not; definately not; obviously not; gone; disappeared from; empty account => b0.9 s-0.8
        明明; 还显示; 仍然显示; 变成了; 变成; 对不上号; 不见了 => b1.0 s-0.7

        fix; please fix; fix it; fix this; needs fixing; issue; issues; problem; problems => b0.8 c0.2 s-0.6
        修复; 修一下; 修好 => b0.8 s-0.4
        问题 => b0.6 q0.3 s-0.4
        尽快; 快点; 赶快 => b0.3 s-0.3
        # Words that contain a rule term but mean something else: matched first (longest wins) and weigh nothing.
        信用卡; 银行卡; 会员卡; 卡片; 卡号; 卡包; 差不多; 差点; 慢慢; 快递; 要求; 无线; 未来; 别的; 别人; 这么; 那么; 什么都; 要么; 多么; 好几; 好像; 好久; 好的; 不仅; 不管; 不过来; 无论; 非要; 出差; 差异; 专业版; 企业版; 标准版; 基础版; 高级版; 免费版; 个人版; 团队版; 旗舰版; nothing like => s0
        无聊 => c1.0 s-1.2

        # ---- feature requests ----
        please add; pls add; plz add; could you add; can you add; would you add; should add; need to add; add an option; add a; add support => f1.8 s0
        feature request; request; requesting; suggestion; suggest; i suggest; recommendation for => f1.3 s0
        would be nice; would be great; would be awesome; would be helpful; would be useful; would love; would like; i'd like; i'd love; it would be; would be cool; it would be great; it would be nice; it would be awesome; it would be helpful; it would be useful; it would be cool; would be great if; would be nice if => f1.6 s0.2
        wish; i wish; hope; hopefully; please consider; consider adding => f1.3 s0
        should have; should be able to; needs to; need a; need an; needs a; need the ability; want to be able; want a; want an => f1.1 s-0.1
        option to; ability to; a way to; support for; integration; integrate; integrate with; allow; allow me to; let me; let us; let user => f1.0 s0
        add; adding; added option; dark mode; widget; shortcut; offline mode; customiz; customization; customize => f0.7
        missing feature; lack; lacks; lacking; doesn't have; does not have; doesn't support; does not support; no option; no way to; there's no; there is no => f1.2 c0.3 s-0.4
        is it possible; is there a way => f0.6 q0.8
        any plans; any plan; roadmap; will you add; are you planning; are there plans; plans to add => f1.4 q0.2
        would it be possible; could you make; can you make; could we get; can we get; could you please; we need; i need; we really need; any timeline; what's the timeline; eta => f1.4 s0
        能不能让; 可不可以让; 能否让; 能不能把; 能不能加; 可以加; 能加 => f1.8 q0.2
        please; pls; plz => f0.8
        希望; 建议; 期待; 盼望; 恳请; 求; 跪求 => f1.6 s0
        能不能; 可不可以; 能否; 可否; 是否可以; 是否能 => f1.3 q0.5
        增加; 添加; 加个; 加一个; 加上; 新增; 增设; 多加 => f1.4
        开放; 上线; 需求 => f0.8
        如果能; 要是能; 如果可以; 最好能; 最好; 要是有; 如果有 => f1.5 s0.1
        支持; 提供; 想要; 需要; 能够 => f0.7
        想 => f0.4
        不支持; 缺少; 缺乏; 缺; 少了; 没有这个功能 => f1.2 c0.3 s-0.4
        功能 => f0.3

        # ---- praise ----
        love; loving; loved; adore; love it; love this => p1.6 s2 gen
        great; awesome; excellent; amazing; fantastic; wonderful; brilliant; outstanding; superb; perfect; flawless; stellar; incredible; phenomenal => p1.5 s2 gen
        good; nice; cool; solid; decent; fine; pretty good; not bad => p0.9 s1.2 gen
        best; favorite; favourite; best app; the best => p1.4 s2 gen
        thank; thanks; thank you; thx; kudos; well done; good job; great job; keep it up; keep up the good work; bravo => p1.4 s1.5 gen
        helpful; useful; handy; easy to use; easy; intuitive; smooth; fast; quick; clean; beautiful; elegant; reliable; stable; responsive; convenient; polished; gorgeous => p1.0 s1.3 gen
        recommend; recommended; highly recommend; must have; life saver; lifesaver; game changer; worth it; worth every penny => p1.5 s2 gen
        enjoy; enjoying; happy; satisfied; impressed; delighted; glad => p1.1 s1.5 gen
        works great; works well; works perfectly; works fine; work great; works like a charm; work perfectly => p1.7 s2 gen
        like; likes; liked => p0.4 s0.6
        好用; 很好用; 喜欢; 很棒; 棒; 不错; 挺好; 很好; 真好; 太好了; 赞; 点赞; 优秀; 完美; 给力; 好评; 五星; 神器; 良心; 靠谱 => p1.5 s2 gen
        感谢; 谢谢; 辛苦了; 多谢 => p1.2 s1.5 gen
        推荐; 强烈推荐; 值得; 划算; 满意; 惊喜; 开心; 爱了; 爱 => p1.3 s1.8 gen
        方便; 流畅; 实用; 简洁; 清晰; 贴心; 稳定; 快; 好看; 漂亮; 顺手; 省心; 高效; 专业; 易用; 顺畅; 及时; 迅速; 耐心; 热情; 周到; 准确; 安心 => p1.0 s1.3 gen
        simple; 简单 => p0.7 s0.8 gen
        10/10; 5/5; five stars; 5 stars; five star; 5 star; 满分; 十分满意 => p1.5 s2
        fixed; resolved; solved; sorted out; 解决了; 修好了 => p0.8 s1.0
        就好了; 就更好了; 就完美了; 就好; 那就好了 => f1.0
        好 => p0.5 s0.8 gen

        # ---- complaints / UX ----
        confusing; confused; unintuitive; counterintuitive; not intuitive; hard to find; hard to use; hard to navigate; difficult to use; difficult to find; can't find; cannot find; cant find; where did; where has; where have => c1.0 q0.5 s-0.6
        where is the; where's the => c0.6 q1.0 s-0.2
        slow; sluggish; laggy; lag; lags; takes forever; take forever; too long; so long; loading time; load time => c1.3 s-1.2
        annoying; annoyed; frustrating; frustrated; irritating; painful; ridiculous; absurd; insane; unacceptable => c1.0 s-1.5 gen
        tedious; cumbersome; clunky; awkward => c1.4 s-1.3
        terrible; horrible; awful; worst; bad; poor; useless; garbage; trash; rubbish; junk; sucks; hate; disgusting; pathetic => c1.0 s-2 gen
        disappointed; disappointing; disappointment; unfortunately; sadly; regret; waste; waste of time; waste of money => c1.0 s-1.5 gen
        expensive; overpriced; pricey; too expensive; price; pricing; subscription; paywall; pay wall; charged; refund; money grab; cash grab => c1.2 s-1
        ads; ad; advert; advertisement; too many ads; popup; pop up; pop-ups; popups; spam; notification spam => c1.2 s-1
        ugly; cluttered; messy; mess; outdated; old fashioned; complicated; complex; overwhelming; too small; tiny; too big; unreadable; hard to read => c1.3 s-1.1
        redesign; new design; new ui; new layout; new interface => c0.5 s-0.2
        customer service; customer support; support team => c0.3
        no response; no reply; never replied; never responded; rude; ignored; unhelpful => c1.2 s-1.2
        battery; privacy; tracking; permissions => c0.5 s-0.3
        too many steps; too many clicks; extra step; extra steps; have to; forced to; force me => c1.0 s-1.2
        难用; 不好用; 太难用; 很难用; 难找; 找不到; 看不懂; 不知道怎么; 复杂; 繁琐; 麻烦; 不方便; 别扭; 混乱; 反人类; 不直观 => c1.5 s-1.3
        慢; 太慢; 很慢; 卡; 卡顿; 很卡; 延迟; 等太久; 加载慢; 耗电; 发热; 发烫 => c1.3 s-1.2
        垃圾; 失望; 差; 很差; 太差; 差评; 恶心; 烂; 坑; 坑人; 后悔; 无语; 吐槽; 烦; 烦人; 糟糕; 垃圾软件 => c1.3 s-2 gen
        贵; 太贵; 收费; 乱收费; 扣费 => c1.1 s-0.9
        退款 => c0.8 s-0.5
        会员; 充值; 付费 => c0.3
        广告; 广告太多; 弹窗; 推送太多; 骚扰 => c1.3 s-1.1
        丑; 难看; 字太小; 太小; 看不清; 界面乱; 老土 => c1.3 s-1.1
        客服 => c0.3
        没人回复; 不回复; 态度差; 不理; 打不通 => c1.2 s-1.2
        改版; 新界面; 新版界面 => c0.5 s-0.2
        隐私; 权限 => c0.5 s-0.3

        worse; worse than; getting worse; not as good; lower than => c1.0 s-1
        too many; too much; too few; too noisy; noisy; cramped; crowded; tiring => c1.1 s-1
        had to; has to; ended up; end up; only way; still waiting; still no; still not; still haven't; still hasn't => c0.9 s-0.9
        switched to; switching to; moved to another; moving to; to another bank; to another app; to a competitor; cancel; cancelled; canceling; cancelling; unsubscribe => c1.0 s-1.1
        price increase; price hike; price jumped; prices went up; raised the price; raised prices => c1.3 s-1.2
        upsell; upsells; upselling; paywalled; behind a paywall; hog; battery hog => c1.2 s-1
        without replying; without a reply; without any reply; without a response; without ever replying => c1.2 s-1.4
        again and again; third time; fourth time; every single time => c0.8 s-0.8
        太多; 太少; 太挤; 太长; 太低; 太高; 太乱; 太吵; 太累; 太麻烦; 太复杂; 挤; 累 => c1.2 s-1.1
        说好的; 还没; 还没有; 还是没; 至今没; 到现在都没; 没解决; 没有解决; 不解决 => c1.0 s-1
        涨价; 涨了; 变贵; 更贵; 比别家; 不如别家; 别家; 比其他家 => c1.0 s-1
        第三次; 第四次; 第五次; 无数次; 又一次; 一次又一次 => c0.8 s-0.8
        换了; 换成别的; 转去; 不用了; 卸载; 注销; 取消订阅 => c0.9 s-1

        # ---- questions ----
        ? => q1.0
        how do i; how can i; how to; how does; how do you; how do we; where can i; where do i; can i; could i; is there; are there; does it; does the app; do you; what is; what's the; anyone know; does anyone => q1.3
        which => q0.4
        can the; can it; can we; does the; does it work; is the; will the; will it; is it => q1.0
        why; why does; why is; why do; why can't => q0.5 s-0.3
        need help; please help; can someone help; can anyone help; quick question => q0.8
        怎么; 怎样; 如何; 请问; 咋; 在哪; 在哪里; 哪里; 哪个; 是否; 有没有; 什么时候; 能告诉 => q1.3
        吗 => q0.9
        么; 呢 => q0.5
        为什么; 为啥; 怎么回事 => q0.5 s-0.3

        # ---- emoji ----
        😍; 🥰; ❤; ♥; 💯; 🙏 => p1.3 s2
        👍; 😊; 🙂; 😀; 😃; 😄; 😁; 🎉; 👏; ⭐; 🌟; ☺; 🤩 => p1.1 s1.5
        👎; 😡; 😠; 🤬; 💩; 🤮 => c1.1 s-2
        😤; 😞; 😢; 😭; 🙄; 😒; 😩; 😫; ☹; 😕; 😔 => c0.8 s-1.3
        🐛 => b1.5 s-1
        🙌; 🚀; ✨; 💪 => p1.1 s1.5
        🙃; 🤡 => c0.6 s-0.3 sarcasm
        yeah right => sarcasm
        """;
}
