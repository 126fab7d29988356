//! The lesson panel's messages (picker, step panel, checklist, hints, summary), English and
//! 简体中文 side by side; both are struct literals, so a string missing in one language does
//! not compile. Reached as `lesson_texts(lang)`. The lesson's own words (titles, step texts,
//! check labels, hints) come from the lesson files; kubectl output and commands stay English.

use super::Lang;

#[derive(Debug)]
pub struct LessonTexts {
    /// The top bar's entry to the lessons, and its accessible name.
    pub lessons: &'static str,
    pub lessons_aria: &'static str,
    pub picker_heading: &'static str,
    pub picker_intro: &'static str,
    /// The picker while the lessons' files are still being fetched.
    pub loading: &'static str,
    pub close: &'static str,
    /// "2 of 3 steps done".
    pub progress: fn(usize, usize) -> String,
    pub not_started: &'static str,
    pub finished: &'static str,
    pub start: &'static str,
    pub start_aria: fn(&str) -> String,
    pub continue_lesson: &'static str,
    /// Asked before a lesson replaces a cluster the learner has worked on.
    pub replace_confirm: &'static str,
    pub teacher_mode: &'static str,
    pub teacher_mode_hint: &'static str,
    pub export: &'static str,
    pub export_hint: &'static str,
    pub import: &'static str,
    pub import_label: &'static str,
    pub import_done: fn(usize) -> String,
    pub import_failed: &'static str,
    /// The lesson panel's landmark name.
    pub panel_label: &'static str,
    /// "Step 2 of 4".
    pub step_of: fn(usize, usize) -> String,
    pub steps_nav: &'static str,
    pub status_done: &'static str,
    pub status_help: &'static str,
    pub status_current: &'static str,
    pub status_not_reached: &'static str,
    pub begin: &'static str,
    pub estimate: &'static str,
    pub seeds: fn(&str) -> String,
    pub checks_heading: &'static str,
    pub check_met: &'static str,
    pub check_not_met: &'static str,
    pub why_not_yet: &'static str,
    pub hint: &'static str,
    pub hint_n: fn(usize, usize) -> String,
    pub no_more_hints: &'static str,
    pub watch_hint: &'static str,
    pub fast_forward: &'static str,
    pub fast_forward_aria: fn(&str) -> String,
    pub fast_forward_failed: &'static str,
    pub show_me: &'static str,
    pub show_me_confirm: &'static str,
    pub back_to_attempt: &'static str,
    pub undo: &'static str,
    pub undo_aria: &'static str,
    pub restart_step: &'static str,
    pub restart_step_aria: &'static str,
    pub step_passed: &'static str,
    pub step_passed_with_help: &'static str,
    pub next_step: &'static str,
    pub finish: &'static str,
    pub summary_heading: &'static str,
    /// Steps done alone, with help, and the cluster time the lesson took.
    pub summary: fn(usize, usize, &str) -> String,
    pub leave: &'static str,
    pub leave_aria: &'static str,
    pub put_in_console: fn(&str) -> String,
    pub copy: &'static str,
    pub copy_aria: fn(&str) -> String,
    pub resumed: &'static str,
    pub unknown_lesson: fn(&str) -> String,
}

pub static EN: LessonTexts = LessonTexts {
    lessons: "Lessons",
    lessons_aria: "Open the lessons",
    picker_heading: "Lessons",
    loading: "Loading the lessons…",
    picker_intro: "Each lesson gives you a goal and checks the cluster as you work. Your progress stays in this browser.",
    close: "Close",
    progress: |done, total| format!("{done} of {total} steps done"),
    not_started: "not started",
    finished: "finished",
    start: "Start",
    start_aria: |title| format!("Start lesson: {title}"),
    continue_lesson: "Continue",
    replace_confirm: "Starting a lesson replaces the cluster on the page with the lesson's own. Your current cluster will be lost. Start the lesson?",
    teacher_mode: "Teacher mode",
    teacher_mode_hint: "Skips each lesson's introduction and lets you jump to any step.",
    export: "Export progress",
    export_hint: "Copy this text (or save it as a file) to take your progress to another browser:",
    import: "Import progress",
    import_label: "Paste exported progress here, then press Import",
    import_done: |n| format!("Imported progress for {n} lesson(s)."),
    import_failed: "This is not exported kubeplay lesson progress.",
    panel_label: "Lesson",
    step_of: |n, total| format!("Step {n} of {total}"),
    steps_nav: "Steps",
    status_done: "done",
    status_help: "done with help",
    status_current: "current step",
    status_not_reached: "not reached yet",
    begin: "Begin",
    estimate: "Time:",
    seeds: |seeds| format!("Follows the seed notes {seeds}."),
    checks_heading: "Checklist",
    check_met: "done",
    check_not_met: "not yet",
    why_not_yet: "Not yet:",
    hint: "Hint",
    hint_n: |n, total| format!("Hint {n} of {total}"),
    no_more_hints: "No more hints: try “Show me”.",
    watch_hint: "Look out",
    fast_forward: "Fast-forward until this step passes",
    fast_forward_aria: |budget| format!("Fast-forward cluster time until this step passes (at most {budget} after the step started)"),
    fast_forward_failed: "The step did not pass within its time budget: something is still missing. Check the list above.",
    show_me: "Show me",
    show_me_confirm: "“Show me” takes the cluster back to the start of this step and plays the solution in the console. The step will count as done with help; you can go back to your own attempt afterwards. Show the solution?",
    back_to_attempt: "Back to my attempt",
    undo: "Undo",
    undo_aria: "Undo your last command in this step",
    restart_step: "Restart step",
    restart_step_aria: "Put the cluster back as it was when this step started",
    step_passed: "Step passed!",
    step_passed_with_help: "Step passed, with help.",
    next_step: "Next step",
    finish: "Finish",
    summary_heading: "Lesson complete",
    summary: |alone, help, time| {
        let mut text = format!("You did {alone} step(s) on your own");
        if help > 0 {
            text.push_str(&format!(" and {help} with help"));
        }
        text.push_str(&format!(", in {time} of cluster time."));
        text
    },
    leave: "Leave lesson",
    leave_aria: "Leave the lesson and keep this cluster to play with",
    put_in_console: |cmd| format!("Put in the console: {cmd}"),
    copy: "Copy",
    copy_aria: |cmd| format!("Copy: {cmd}"),
    resumed: "Welcome back: the lesson continues where you left it.",
    unknown_lesson: |slug| format!("There is no lesson “{slug}”."),
};

pub static ZH_HANS: LessonTexts = LessonTexts {
    lessons: "课程",
    lessons_aria: "打开课程列表",
    picker_heading: "课程",
    loading: "正在载入课程…",
    picker_intro: "每一课都有明确的目标，你动手操作时，系统会实时检查集群的状态。学习进度保存在当前浏览器里。",
    close: "关闭",
    progress: |done, total| format!("已完成 {done}/{total} 步"),
    not_started: "未开始",
    finished: "已学完",
    start: "开始",
    start_aria: |title| format!("开始学习：{title}"),
    continue_lesson: "继续",
    replace_confirm: "开始课程会用这一课自带的集群替换页面上的集群，你现在的集群将会丢失。确定开始吗？",
    teacher_mode: "教师模式",
    teacher_mode_hint: "跳过每课的导入介绍，并且可以直接跳到任意一步。",
    export: "导出进度",
    export_hint: "复制这段文字（或保存为文件），就能在另一个浏览器里接着学：",
    import: "导入进度",
    import_label: "把导出的进度粘贴到这里，然后点“导入进度”",
    import_done: |n| format!("已导入 {n} 门课程的进度。"),
    import_failed: "这不是 kubeplay 导出的课程进度。",
    panel_label: "课程",
    step_of: |n, total| format!("第 {n} 步，共 {total} 步"),
    steps_nav: "步骤",
    status_done: "已完成",
    status_help: "在帮助下完成",
    status_current: "当前步骤",
    status_not_reached: "尚未开始",
    begin: "开始第一步",
    estimate: "用时：",
    seeds: |seeds| format!("对应种子笔记 {seeds}。"),
    checks_heading: "检查清单",
    check_met: "已达成",
    check_not_met: "未达成",
    why_not_yet: "还差一点：",
    hint: "提示",
    hint_n: |n, total| format!("提示 {n}/{total}"),
    no_more_hints: "提示已经用完了，可以试试“演示给我看”。",
    watch_hint: "注意",
    fast_forward: "快进到本步骤通过",
    fast_forward_aria: |budget| format!("快进集群时间，直到本步骤通过（从本步骤开始算，最多 {budget}）"),
    fast_forward_failed: "在本步骤的时间预算内没有通过：还缺了点什么，看看上面的检查清单。",
    show_me: "演示给我看",
    show_me_confirm: "“演示给我看”会把集群恢复到本步骤开始时的样子，然后在控制台里演示标准做法。本步骤会记为“在帮助下完成”；演示之后你还可以回到自己的尝试。确定要看演示吗？",
    back_to_attempt: "回到我自己的尝试",
    undo: "撤销",
    undo_aria: "撤销你在本步骤里的上一条命令",
    restart_step: "重做本步",
    restart_step_aria: "把集群恢复到本步骤开始时的样子",
    step_passed: "本步骤通过！",
    step_passed_with_help: "本步骤在帮助下通过。",
    next_step: "下一步",
    finish: "完成",
    summary_heading: "本课完成",
    summary: |alone, help, time| {
        let mut text = format!("你独立完成了 {alone} 步");
        if help > 0 {
            text.push_str(&format!("，在帮助下完成了 {help} 步"));
        }
        text.push_str(&format!("，共用了 {time} 集群时间。"));
        text
    },
    leave: "退出课程",
    leave_aria: "退出课程，保留当前集群继续自由练习",
    put_in_console: |cmd| format!("放入控制台：{cmd}"),
    copy: "复制",
    copy_aria: |cmd| format!("复制：{cmd}"),
    resumed: "欢迎回来：课程从你上次离开的地方继续。",
    unknown_lesson: |slug| format!("没有名为“{slug}”的课程。"),
};

/// The lesson panel's messages in `lang`.
pub fn lesson_texts(lang: Lang) -> &'static LessonTexts {
    match lang {
        Lang::En => &EN,
        Lang::ZhHans => &ZH_HANS,
    }
}

/// The lesson files' language for the page's.
pub fn lesson_lang(lang: Lang) -> crate::lessons::Lang {
    match lang {
        Lang::En => crate::lessons::Lang::En,
        Lang::ZhHans => crate::lessons::Lang::ZhCn,
    }
}
