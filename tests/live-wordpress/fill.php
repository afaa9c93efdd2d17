<?php
// Installs the test site of tests/import_live.rs and fills it through WordPress's own
// functions (wp_install, wp_insert_user, wp_insert_post, media_handle_sideload,
// wp_insert_comment): posts in English, Russian and Kazakh, a page, two authors with bios,
// an image (shown plainly, in captions and in a gallery), threaded comments, a pingback and
// comments that are not approved. Prints the
// ids it made as JSON, for the test to compare the books with.
require __DIR__ . '/bootstrap.php';
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url(WP_HOME, PHP_URL_HOST);
// Nothing is mailed: WordPress's mailer is replaced before pluggable.php defines it.
function wp_mail() { return true; }
require_once ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

wp_install('Steppe Library Journal', 'admin', 'admin@admin.invalid', true, '', 'chapbook-admin');
update_option('blogdescription', 'Notes from a reading room');
update_option('timezone_string', 'Asia/Almaty');
update_option('permalink_structure', '');
// The sample post, page and privacy page wp_install makes are not part of the test site.
foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1]) as $p) {
    wp_delete_post($p->ID, true);
}

function must($value, $what) {
    if (is_wp_error($value) || !$value) {
        fwrite(STDERR, "fill.php: $what failed: " . (is_wp_error($value) ? $value->get_error_message() : 'no id') . "\n");
        exit(1);
    }
    return $value;
}

$aigerim = must(wp_insert_user([
    'user_login' => 'aigerim', 'user_pass' => 'chapbook-aigerim',
    'user_email' => 'aigerim@library.invalid', 'display_name' => 'Aigerim Seitkali',
    'first_name' => 'Aigerim', 'last_name' => 'Seitkali', 'role' => 'author',
    'user_url' => 'https://aigerim.example.org',
    'description' => 'Aigerim Seitkali keeps the catalogue of the Steppe Library and writes in Kazakh and English.',
]), 'aigerim');
$nikolai = must(wp_insert_user([
    'user_login' => 'nikolai', 'user_pass' => 'chapbook-nikolai',
    'user_email' => 'nikolai@library.invalid', 'display_name' => 'Nikolai Petrov',
    'role' => 'author',
    'description' => 'Nikolai Petrov translates from Russian. Before the library he taught in Omsk.',
]), 'nikolai');

$field = must(wp_insert_term('Field Notes', 'category', ['slug' => 'field-notes']), 'category')['term_id'];
$translation = must(wp_insert_term('Переводы', 'category'), 'category')['term_id'];
$diary = must(wp_insert_term('Күнделік', 'category'), 'category')['term_id'];

function post($author, $date, $title, $content, $categories, $tags = [], $type = 'post') {
    return must(wp_insert_post([
        'post_author' => $author, 'post_date' => $date, 'post_title' => $title,
        'post_content' => $content, 'post_status' => 'publish', 'post_type' => $type,
        'post_category' => $categories, 'tags_input' => $tags,
    ]), $title);
}

$older = post($nikolai, '2023-11-05 16:30:00', 'An Older Post',
    "<p>Before the reading room there was a shelf in the hallway.</p>\n\n<p>It held twelve books.</p>", [$field]);
$english = post($aigerim, '2024-03-02 09:15:00', 'Notes from the Steppe Library', 'draft', [$field], ['library', 'reading']);

// The image: drawn with GD, handed to WordPress as an upload of the English post.
wp_set_current_user($aigerim);
$png = wp_tempnam('shelves.png');
$image = imagecreatetruecolor(400, 300);
imagefilledrectangle($image, 0, 0, 399, 299, imagecolorallocate($image, 200, 170, 90));
imagefilledrectangle($image, 40, 60, 360, 90, imagecolorallocate($image, 90, 50, 20));
imagefilledrectangle($image, 40, 180, 360, 210, imagecolorallocate($image, 90, 50, 20));
imagepng($image, $png);
$attachment = must(media_handle_sideload(['name' => 'shelves.png', 'tmp_name' => $png], $english, 'Shelves at dawn'), 'image');
$src = wp_get_attachment_url($attachment);
wp_update_post(['ID' => $english, 'post_content' =>
    "<p>The reading room opened in March with <strong>forty</strong> new shelves.</p>\n\n" .
    "<p><img class=\"alignnone size-full wp-image-$attachment\" src=\"$src\" alt=\"Shelves at dawn\" width=\"400\" height=\"300\" /></p>\n\n" .
    "<p>A photograph kept on another site: <img src=\"https://images.example.org/far.png\" alt=\"Far away\" /></p>\n\n" .
    "<blockquote><p>Books are bridges.</p></blockquote>\n\n" .
    "<p>Read the <a href=\"https://example.org/report\">annual report</a>.</p>"]);
wp_set_current_user(0);

$russian = post($nikolai, '2024-05-10 18:00:00', 'Заметки о переводе',
    "<!-- wp:paragraph -->\n<p>Перевод начинается с чтения. Мы читали вслух каждый вечер.</p>\n<!-- /wp:paragraph -->\n\n" .
    "<!-- wp:heading -->\n<h2>Словарь</h2>\n<!-- /wp:heading -->\n\n" .
    "<!-- wp:list -->\n<ul><li>книга</li><li>перевод</li><li>читатель</li></ul>\n<!-- /wp:list -->", [$translation], ['словарь']);
$kazakh = post($aigerim, '2024-06-20 12:00:00', 'Кітапханадағы күз',
    "<p>Күз келді. Оқырмандар жаңа кітаптарды сұрайды.</p>\n\n<p>Әңгіме, ғылым, қиял: бәрі сөреде. Һ, ө, ұ, ү, і әріптері де бар.</p>", [$diary]);
// Captions and a gallery, which the REST API serves rendered (a theme's HTML) and the export
// as shortcodes.
$medium = wp_get_attachment_image_src($attachment, 'medium')[0];
$captions = post($nikolai, '2024-07-01 10:00:00', 'Captions and a Gallery',
    "<p>Before the pictures.</p>\n\n" .
    "[caption id=\"attachment_$attachment\" align=\"alignright\" width=\"300\"]<img class=\"size-medium wp-image-$attachment\" src=\"$medium\" alt=\"Shelves\" width=\"300\" height=\"225\" /> Shelves at <em>dawn</em>[/caption]\n\n" .
    "[caption id=\"attachment_$attachment\" align=\"aligncenter\" width=\"400\"]<img class=\"size-full wp-image-$attachment\" src=\"$src\" alt=\"Shelves\" width=\"400\" height=\"300\" /> The reading room[/caption]\n\n" .
    "[gallery ids=\"$attachment\"]\n\n<p>After the pictures.</p>", [$field]);
$page = post($aigerim, '2024-01-10 10:00:00', 'About the Library',
    "<p>The Steppe Library lends books to four villages.</p>", [], [], 'page');

function comment($post, $author, $date, $content, $parent = 0, $extra = []) {
    return must(wp_insert_comment(array_merge([
        'comment_post_ID' => $post, 'comment_author' => $author,
        'comment_author_email' => strtolower(preg_replace('/\W+/u', '', $author)) . '@readers.invalid',
        'comment_author_IP' => '203.0.113.7', 'comment_date' => $date,
        'comment_date_gmt' => get_gmt_from_date($date), 'comment_content' => $content,
        'comment_approved' => 1, 'comment_parent' => $parent, 'comment_type' => 'comment',
    ], $extra)), "comment by $author");
}

$c1 = comment($english, 'Dana Reader', '2024-03-03 10:00:00', 'Wonderful shelves. Where did the wood come from?', 0, ['comment_author_url' => 'https://dana.example.net']);
$c2 = comment($english, 'Aigerim Seitkali', '2024-03-03 11:30:00', 'From an old barn near the river.', $c1, ['user_id' => $aigerim]);
$c3 = comment($english, 'Dana Reader', '2024-03-03 12:45:00', 'Thank you, that is a good story.', $c2);
$c4 = comment($english, 'Tomas', '2024-03-04 08:00:00', 'Looking forward to the opening.');
$ping = comment($english, 'Partner Library Blog', '2024-03-05 09:00:00', 'The Steppe Library opened its reading room with forty new shelves.', 0,
    ['comment_type' => 'pingback', 'comment_author_url' => 'https://partner.example.org/2024/03/links/', 'comment_author_email' => '']);
$held = comment($english, 'Someone', '2024-03-06 09:00:00', 'Not yet approved.', 0, ['comment_approved' => 0]);
$spam = comment($english, 'Seller', '2024-03-06 10:00:00', 'Buy now.', 0, ['comment_approved' => 'spam']);
$c5 = comment($russian, 'Ольга', '2024-05-11 09:00:00', 'Спасибо за словарь!');
$c6 = comment($russian, 'Nikolai Petrov', '2024-05-11 10:00:00', 'Пожалуйста, Ольга.', $c5, ['user_id' => $nikolai]);
$c7 = comment($kazakh, 'Ерлан', '2024-06-21 09:00:00', 'Керемет! Күзде кітапханаға барамын.');
$c8 = comment($kazakh, 'Айгүл', '2024-06-21 10:00:00', 'Мен де барамын.', $c7);

echo json_encode([
    'posts' => ['older' => $older, 'english' => $english, 'russian' => $russian, 'kazakh' => $kazakh, 'captions' => $captions],
    'page' => $page, 'attachment' => $attachment, 'image' => $src,
    'comments' => [$c1, $c2, $c3, $c4, $c5, $c6, $c7, $c8], 'pingback' => $ping,
    'not_approved' => [$held, $spam],
]), "\n";
