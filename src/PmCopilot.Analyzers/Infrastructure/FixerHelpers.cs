using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace PmCopilot.Analyzers.Infrastructure
{
    internal static class FixerHelpers
    {
        /// <summary>The document's own line ending, so inserted statements match it.</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode root)
        {
            var existing = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing : SyntaxFactory.EndOfLine("\n");
        }

        /// <summary>Inserts a statement before <paramref name="anchor"/> in its block (or the compilation unit for top-level code), indented like it.</summary>
        public static SyntaxNode? InsertBefore(SyntaxNode root, StatementSyntax anchor, string statementText)
        {
            var statement = SyntaxFactory.ParseStatement(statementText)
                .WithLeadingTrivia(anchor.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                .WithTrailingTrivia(EndOfLine(root));
            switch (anchor.Parent)
            {
                case BlockSyntax:
                case SwitchSectionSyntax:
                    return root.InsertNodesBefore(anchor, new[] { statement });
                case GlobalStatementSyntax global:
                    return root.InsertNodesBefore(global, new[] { SyntaxFactory.GlobalStatement(statement) });
                default:
                    return null;
            }
        }

        /// <summary>Inserts a statement at the start of a loop body, turning a single embedded statement into a block.</summary>
        public static SyntaxNode? InsertAtLoopStart(SyntaxNode root, StatementSyntax loop, string statementText)
        {
            var body = loop switch
            {
                ForStatementSyntax f => f.Statement,
                ForEachStatementSyntax fe => fe.Statement,
                WhileStatementSyntax w => w.Statement,
                DoStatementSyntax d => d.Statement,
                _ => null,
            };
            if (body is null)
                return null;
            var statement = SyntaxFactory.ParseStatement(statementText).WithAdditionalAnnotations(Formatter.Annotation);
            if (body is BlockSyntax block)
            {
                var first = block.Statements.FirstOrDefault();
                var indented = first is null
                    ? statement.WithTrailingTrivia(EndOfLine(root))
                    : statement.WithLeadingTrivia(first.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia))).WithTrailingTrivia(EndOfLine(root)).WithoutAnnotations(Formatter.Annotation);
                return root.ReplaceNode(block, block.WithStatements(block.Statements.Insert(0, indented)));
            }

            // A single embedded statement becomes a block laid out like the loop: braces at its indentation, statements one level in.
            var eol = EndOfLine(root);
            var indent = string.Concat(loop.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Select(t => t.ToString()));
            var inner = SyntaxFactory.Whitespace(indent + "    ");
            var inserted = SyntaxFactory.ParseStatement(statementText).WithLeadingTrivia(inner).WithTrailingTrivia(eol);
            var moved = body.WithLeadingTrivia(inner).WithTrailingTrivia(eol);
            var newBlock = SyntaxFactory.Block(
                    SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(SyntaxFactory.Whitespace(indent)).WithTrailingTrivia(eol),
                    SyntaxFactory.List(new[] { inserted, moved }),
                    SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Whitespace(indent)).WithTrailingTrivia(body.GetTrailingTrivia()));
            if (!body.GetFirstToken().GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                newBlock = newBlock.WithOpenBraceToken(newBlock.OpenBraceToken.WithLeadingTrivia(eol, SyntaxFactory.Whitespace(indent)));

            return root.ReplaceNode(body, newBlock);
        }
    }
}
