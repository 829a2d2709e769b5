# SYNTAX TEST "source.hcl.terraform" "a resource block: type and labels, arguments, references, templates, heredocs, functions, comments"
resource "aws_instance" "web" {
# ^^^^^^ entity.name.type.terraform
#        ^^^^^^^^^^^^^^ string.quoted.double.label.terraform
#                             ^ punctuation.section.block.begin.terraform
  ami   = var.ami_id # the image
# ^^^ variable.other.property.terraform
#       ^ keyword.operator.assignment.terraform
#         ^^^ variable.language.terraform
#             ^^^^^^ variable.other.member.terraform
#                    ^^^^^^^^^^^ comment.line.number-sign.terraform
  count = length(local.zones) > 0 ? 2 : 0
#         ^^^^^^ support.function.terraform
#                                   ^ constant.numeric.terraform
  tags = { Name = "web-${terraform.workspace}", Enabled = true }
#                 ^^^^^ string.quoted.double.terraform
#                      ^^ punctuation.definition.template-expression.begin.terraform
#                        ^^^^^^^^^ variable.language.terraform
#                                                         ^^^^ constant.language.terraform
  user_data = <<-EOT
#             ^^^ keyword.operator.heredoc.terraform
#                ^^^ keyword.control.heredoc-token.terraform
    echo ${var.greeting}
#   ^^^^^ string.unquoted.heredoc.terraform
#        ^^ punctuation.definition.template-expression.begin.terraform
  EOT
}
// a line comment
# ^^^^^^^^^^^^^^^ comment.line.double-slash.terraform
